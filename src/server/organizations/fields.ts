import { isLanguage, isTimeZone, type Language } from '../../contract/locale.ts';
import { PLANS, type Plan, ROLES, type Role } from '../../contract/roles.ts';
import { AppError, type FieldProblem } from '../errors.ts';

/*
 * The checks on what the operator types, shared by the organization and account services.
 * Each check notes every broken field at once, so one answer lists them all.
 */

export const NAME_MAX_LENGTH = 100;
const EMAIL_MAX_LENGTH = 254;
// One @, no spaces, no characters a mail header would need to quote, a dot in the domain.
const EMAIL_PATTERN = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]+$/u;

/** Collects field problems and throws them together as one `validation_failed`. */
export class FieldChecks {
  private readonly problems: FieldProblem[] = [];

  /** A name of 1 to 100 characters, trimmed. */
  name(field: string, value: string): string {
    const trimmed = value.trim();
    const length = [...trimmed].length;
    if (length === 0) this.problems.push({ field, rule: 'required' });
    else if (length > NAME_MAX_LENGTH) {
      this.problems.push({ field, rule: 'too_long', params: { limit: NAME_MAX_LENGTH } });
    }
    return trimmed;
  }

  /** An email address, lowercased: login IDs are unique regardless of case. */
  email(field: string, value: string): string {
    const lowered = value.trim().toLowerCase();
    if (lowered.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(lowered)) {
      this.problems.push({ field, rule: 'invalid_email' });
    }
    return lowered;
  }

  plan(field: string, value: string): Plan {
    if (!(PLANS as readonly string[]).includes(value))
      this.problems.push({ field, rule: 'not_allowed' });
    return value as Plan;
  }

  role<R extends Role>(field: string, value: string, allowed: readonly R[] = ROLES as never): R {
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push({ field, rule: 'role_forbidden' });
    }
    return value as R;
  }

  language(field: string, value: string): Language {
    if (!isLanguage(value)) this.problems.push({ field, rule: 'language' });
    return value as Language;
  }

  timeZone(field: string, value: string): string {
    if (!isTimeZone(value)) this.problems.push({ field, rule: 'time_zone' });
    return value;
  }

  /** Notes a problem found by a rule outside this class. */
  add(field: string, rule: string): void {
    this.problems.push({ field, rule });
  }

  /** Throws every problem noted so far, if there is one. */
  done(): void {
    if (this.problems.length > 0) throw new AppError('validation_failed', this.problems);
  }
}

/** A unique index refused the row: another writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * SQLite refuses a transaction that read before another process wrote (its snapshot is
 * stale); starting it again is the remedy, as for a unique violation.
 */
export function isWriteRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isUniqueViolation(error) || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}
