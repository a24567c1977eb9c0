import { type Command, Option } from 'commander';
import { PLANS, type Plan } from '../contract/roles.ts';
import type { AppContext } from '../server/context.ts';
import {
  createOrganization,
  listOrganizations,
  OPERATOR,
  type Organization,
  type OrganizationSummary,
  type OrganizationUpdate,
  updateOrganization,
} from '../server/organizations/service.ts';
import { table, utc, yesNo } from './output.ts';
import { CliError, EXIT_USAGE, requireOrganization, withContext } from './runtime.ts';

/** Options of `mailroom org create`. */
export interface CreateOrganizationOptions {
  name: string;
  plan: Plan;
  virusCheck?: boolean;
}

/** `mailroom org create`: a new organization with the next client number. */
export function createOrganizationCommand(
  ctx: AppContext,
  options: CreateOrganizationOptions,
): Promise<Organization> {
  return createOrganization(ctx, {
    name: options.name,
    plan: options.plan,
    virusCheckOption: options.virusCheck ?? false,
  });
}

/** Options of `mailroom org update`; what is left out stays as it is. */
export interface UpdateOrganizationOptions {
  name?: string;
  plan?: Plan;
  virusCheck?: boolean;
}

/** `mailroom org update CLIENT_NUMBER`: name, plan, virus check option. */
export async function updateOrganizationCommand(
  ctx: AppContext,
  clientNumber: string,
  options: UpdateOrganizationOptions,
): Promise<OrganizationUpdate> {
  if (
    options.name === undefined &&
    options.plan === undefined &&
    options.virusCheck === undefined
  ) {
    throw new CliError(
      'nothing to change: give --name, --plan, --virus-check or --no-virus-check',
      EXIT_USAGE,
    );
  }
  const organization = await requireOrganization(ctx, clientNumber);
  return updateOrganization(
    ctx,
    organization.id,
    { name: options.name, plan: options.plan, virusCheckOption: options.virusCheck },
    OPERATOR,
  );
}

/** Registers `mailroom org create|list|update`. */
export function registerOrganizationCommands(program: Command): void {
  const org = program.command('org').description('create, list and change organizations');
  const plan = () => new Option('--plan <plan>', 'service plan').choices(PLANS);

  org
    .command('create')
    .description('create an organization and print its client number')
    .requiredOption('--name <name>', 'organization name, 1 to 100 characters')
    .addOption(plan().makeOptionMandatory())
    .option('--virus-check', 'with the virus check option (Pro plan only)')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const organization = await createOrganizationCommand(
          ctx,
          command.opts<CreateOrganizationOptions>(),
        );
        return { json: organization, text: organization.clientNumber };
      }),
    );

  org
    .command('list')
    .description('list every organization')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx) => {
        const organizations = await listOrganizations(ctx);
        return { json: organizations, text: organizationTable(organizations) };
      }),
    );

  org
    .command('update')
    .description("change an organization's name, plan or virus check option")
    .argument('<CLIENT_NUMBER>', 'e.g. CL00042')
    .option('--name <name>', 'new organization name')
    .addOption(plan())
    .option('--virus-check', 'add the virus check option (Pro plan only)')
    .option('--no-virus-check', 'remove the virus check option; virus alerts stop for everyone')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [clientNumber = ''] = command.args;
        const options = command.opts<UpdateOrganizationOptions>();
        const update = await updateOrganizationCommand(ctx, clientNumber, options);
        const { clientNumber: number, name, plan, virusCheckOption } = update.organization;
        const lines = [
          `${number} ${name}: plan ${plan}, virus check option ${yesNo(virusCheckOption)}.`,
        ];
        if (update.virusAlertsTurnedOff > 0) {
          lines.push(`Virus alerts turned off for ${update.virusAlertsTurnedOff} account(s).`);
        }
        return { json: update, text: lines.join('\n') };
      }),
    );
}

function organizationTable(organizations: OrganizationSummary[]): string {
  if (organizations.length === 0)
    return 'No organizations yet: create one with `mailroom org create`.';
  return table(
    ['client number', 'name', 'plan', 'virus check', 'accounts', 'created'],
    organizations.map((organization) => [
      organization.clientNumber,
      organization.name,
      organization.plan,
      yesNo(organization.virusCheckOption),
      String(organization.accounts),
      utc(organization.createdAt),
    ]),
  );
}
