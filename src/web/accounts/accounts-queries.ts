import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { accountsApi, type ListSearch } from './accounts-api.ts';

/** Every cached answer about the organization's accounts and their audit trail starts so. */
export const accountsKey = ['accounts'] as const;
export const auditKey = ['audit-events'] as const;

/** One page of the account list; the page on screen stays while the next one loads. */
export function useAccountPage(search: ListSearch) {
  return useQuery({
    queryKey: [...accountsKey, 'list', search.toString()],
    queryFn: () => accountsApi.list(search),
    placeholderData: keepPreviousData,
  });
}

/** After a change to an account: every list and the audit trail are asked for again. */
export function useAccountsChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: accountsKey }),
      queryClient.invalidateQueries({ queryKey: auditKey }),
    ]);
  };
}
