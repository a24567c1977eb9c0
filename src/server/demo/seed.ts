import type { Language } from '../../contract/locale.ts';
import type { Role } from '../../contract/roles.ts';
import type { AppContext } from '../context.ts';
import { isWriteRace } from '../organizations/fields.ts';
import {
  addAccount,
  createOrganization,
  createServerConfiguration,
} from '../organizations/service.ts';

/*
 * The demo organization a fresh embedded install starts with, so that a person trying
 * Mailroom can sign in at once and see every role. Never loaded in production
 * (config.demoData is false there).
 */

export const DEMO_ADMIN_EMAIL = 'admin@demo.example';
export const DEMO_ORGANIZATION_NAME = 'Demo Company';
export const DEMO_SERVER_CONFIGURATIONS = ['sandbox', 'transactional-email'] as const;

interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  deliveryReport: boolean;
  virusAlert: boolean;
}

const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo Administrator',
    role: 'group_admin',
    language: 'en',
    timeZone: 'Asia/Tokyo',
    deliveryReport: true,
    virusAlert: false,
  },
  {
    email: 'sato@demo.example',
    name: '佐藤 花子',
    role: 'service_user',
    language: 'ja',
    timeZone: 'Asia/Tokyo',
    deliveryReport: true,
    virusAlert: true,
  },
  {
    email: 'jones@demo.example',
    name: 'Alex Jones',
    role: 'service_user',
    language: 'en',
    timeZone: 'America/New_York',
    deliveryReport: false,
    virusAlert: false,
  },
  {
    email: 'tanaka@demo.example',
    name: '田中 一郎',
    role: 'report_viewer',
    language: 'ja',
    timeZone: 'Asia/Tokyo',
    deliveryReport: true,
    virusAlert: false,
  },
  {
    email: 'miller@demo.example',
    name: 'Sam Miller',
    role: 'report_viewer',
    language: 'en',
    timeZone: 'Europe/London',
    deliveryReport: false,
    virusAlert: false,
  },
  {
    email: 'suzuki@demo.example',
    name: '鈴木 美咲',
    role: 'accountant',
    language: 'ja',
    timeZone: 'Asia/Tokyo',
    deliveryReport: false,
    virusAlert: false,
  },
];

/** Who to sign in as, and where that account's temporary password went. */
export interface DemoSignIn {
  adminEmail: string;
  note: string;
}

/**
 * On a database without any organization, creates "Demo Company" (Pro with the virus check
 * option), its two server configurations and an account of every role, each mailed a
 * temporary password, all in one transaction. When the demo organization exists already, it
 * creates nothing and names its group administrator again; when other organizations exist
 * but not the demo one, it does nothing and answers null.
 */
export async function loadDemoData(ctx: AppContext): Promise<DemoSignIn | null> {
  if (await hasOrganizations(ctx)) return existingDemo(ctx);

  try {
    await ctx.db.transaction().execute(async (trx) => {
      const organization = await createOrganization(
        ctx,
        { name: DEMO_ORGANIZATION_NAME, plan: 'pro', virusCheckOption: true },
        trx,
      );
      for (const name of DEMO_SERVER_CONFIGURATIONS) {
        await createServerConfiguration(ctx, organization.id, name, trx);
      }
      for (const account of DEMO_ACCOUNTS) {
        await addAccount(ctx, { ...account, clientNumber: organization.clientNumber }, trx);
      }
    });
    ctx.logger.info({ organization: DEMO_ORGANIZATION_NAME }, 'demo data loaded');
  } catch (error) {
    // Another instance on the same database loaded the demo at the same moment.
    if (!isWriteRace(error)) throw error;
  }
  return existingDemo(ctx);
}

async function hasOrganizations(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

async function existingDemo(ctx: AppContext): Promise<DemoSignIn | null> {
  const admin = await ctx.db
    .selectFrom('accounts')
    .select('email')
    .where('email', '=', DEMO_ADMIN_EMAIL)
    .executeTakeFirst();
  return admin ? { adminEmail: admin.email, note: passwordNote(ctx) } : null;
}

function passwordNote(ctx: AppContext): string {
  if (ctx.config.smtp.kind === 'mailbox') {
    const mailbox = new URL('/mailbox', ctx.config.publicUrl).href;
    return `its temporary password is in the built-in mailbox at ${mailbox}`;
  }
  return 'its temporary password was mailed to it through the SMTP relay';
}
