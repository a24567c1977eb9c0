import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { ApiError, type SessionStage } from '../api.ts';
import { pathOfStage, useSession } from '../session.ts';
import { LoadFailed, Loading } from '../shell/PageStates.tsx';

/**
 * Shows a step of signing in only to a session at that step: no session goes back to the
 * sign-in page, a session at another step goes to its own.
 */
export function StageGate({ stage, children }: { stage: SessionStage; children: ReactNode }) {
  const session = useSession();

  if (session.isPending) return <Loading />;
  if (session.isError) {
    if (session.error instanceof ApiError && session.error.status === 401) {
      return <Navigate to="/sign-in" replace />;
    }
    return <LoadFailed onRetry={() => void session.refetch()} />;
  }
  if (session.data.stage !== stage)
    return <Navigate to={pathOfStage(session.data.stage)} replace />;
  return children;
}
