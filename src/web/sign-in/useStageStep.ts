import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { SessionStage } from '../api.ts';
import { pathOfStage, queryKeys } from '../session.ts';

/**
 * A step of signing in: sends what the user entered, then opens the page of the stage the
 * server answers with. The cached session is dropped since the server replaced it.
 */
export function useStageStep<Input>(step: (input: Input) => Promise<{ stage: SessionStage }>) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: step,
    onSuccess: async ({ stage }) => {
      queryClient.removeQueries({ queryKey: queryKeys.session });
      queryClient.removeQueries({ queryKey: queryKeys.profile });
      await navigate(pathOfStage(stage), { replace: true });
    },
  });
}
