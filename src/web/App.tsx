import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError, onUnauthenticated } from './api.ts';
import { isPublicPath, routes } from './routes.tsx';
import { queryKeys } from './session.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An answer of the API is final; only a network failure is worth asking again.
      retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
    },
  },
});

const router = createBrowserRouter(routes);

onUnauthenticated(() => {
  queryClient.removeQueries({ queryKey: queryKeys.profile });
  if (!isPublicPath(window.location.pathname)) void router.navigate('/sign-in', { replace: true });
});

/** The app: server state, then the screens. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
