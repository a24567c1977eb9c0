import { createContext, useContext } from 'react';
import type { Profile } from '../../contract/profile.ts';

/** The signed-in account, provided by the signed-in layout to every screen inside it. */
export const AccountContext = createContext<Profile | null>(null);

/** The signed-in account; only screens under the signed-in layout may ask for it. */
export function useAccount(): Profile {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount is only available inside the signed-in layout');
  return account;
}
