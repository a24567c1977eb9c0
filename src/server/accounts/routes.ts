import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';

export async function accountRoutes(_app: App, _ctx: AppContext): Promise<void> {}
