import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api.ts';

/**
 * Ends the session on the server, forgets everything cached about the account and opens the
 * sign-in page. A session already gone on the server ends the same way.
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: api.signOut,
    onSettled: async () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'meta' });
      await navigate('/sign-in');
    },
  });
}
