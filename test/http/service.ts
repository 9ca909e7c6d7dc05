/** Starts test/http/server-thread.ts in a worker thread (TypeScript through ts-node) and hands back its URL. */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ServerThreadData } from './server-thread';

export interface TestService {
  url: string;
  stop(): Promise<void>;
}

export function startService(data: ServerThreadData): Promise<TestService> {
  const file = path.join(__dirname, 'server-thread.ts');
  const options = { transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'es2022', esModuleInterop: true } };
  const code = `require(${JSON.stringify(require.resolve('ts-node'))}).register(${JSON.stringify(options)}); require(${JSON.stringify(file)});`;
  const worker = new Worker(code, { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (url: string) => resolve({ url, stop: () => worker.terminate().then(() => undefined) }));
  });
}
