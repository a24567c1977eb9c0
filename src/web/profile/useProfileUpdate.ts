import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Profile } from '../../contract/profile.ts';
import { queryKeys } from '../session.ts';

/**
 * A change to the own profile whose answer is the new profile: every screen shows it at once,
 * the language included.
 */
export function useProfileUpdate<Input>(change: (input: Input) => Promise<Profile>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (profile) => {
      queryClient.setQueryData(queryKeys.profile, profile);
      void queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}
