import { useQuery } from '@tanstack/react-query';
import { api, type SessionStage } from './api.ts';

/*
 * The server state every screen shares, each under one query key so that a change made on
 * one screen (a saved profile, a sign-out) shows on all of them.
 */

export const queryKeys = {
  meta: ['meta'],
  session: ['session'],
  profile: ['profile'],
  mailbox: ['mailbox'],
} as const;

/** Service name, languages, time zones and whether the built-in mailbox is on. */
export function useMeta() {
  return useQuery({
    queryKey: queryKeys.meta,
    queryFn: api.meta,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The current session's stage, or an `ApiError` 401 when there is none. */
export function useSession() {
  return useQuery({ queryKey: queryKeys.session, queryFn: api.session });
}

/** The signed-in account with its organization and what its role and plan allow. */
export function useProfile() {
  return useQuery({ queryKey: queryKeys.profile, queryFn: api.profile });
}

const STAGE_PATHS: Record<SessionStage, string> = {
  password_change: '/sign-in/new-password',
  totp_setup: '/sign-in/totp-setup',
  totp: '/sign-in/totp',
  active: '/',
};

/** The page that carries a session at `stage` on to the next step of signing in. */
export function pathOfStage(stage: SessionStage): string {
  return STAGE_PATHS[stage];
}
