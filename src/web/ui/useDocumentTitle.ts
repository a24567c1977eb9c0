import { useEffect } from 'react';
import { useMeta } from '../session.ts';

/** Names the browser tab after the screen and the service, e.g. `Profile · Mailroom`. */
export function useDocumentTitle(screenTitle: string): void {
  const serviceName = useMeta().data?.serviceName;
  useEffect(() => {
    document.title = serviceName ? `${screenTitle} · ${serviceName}` : screenTitle;
  }, [screenTitle, serviceName]);
}
