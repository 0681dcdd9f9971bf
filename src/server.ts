/**
 * `npm start`: serves the API and the page with the bundled scenarios and an embedded SQLite file.
 * Configuration from environment variables (see src/api/config.ts and the README).
 */
import { buildApp } from './api/app.ts';
import { ConfigError, configFromEnv, type ApiConfig } from './api/config.ts';

let config: ApiConfig;
try {
  config = configFromEnv();
} catch (err) {
  // a bad setting: said once, without a stack, and the server does not start
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`future-industry-sim: ${err.message}\n`);
  process.exit(2);
}
const app = await buildApp({ config });
const shutdown = async (signal: string) => {
  app.log.info(`${signal}: closing`);
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
await app.listen({ port: config.port, host: config.host });
app.log.info(`future-industry-sim: page at http://${config.host}:${config.port}/, API docs at http://${config.host}:${config.port}/docs, database ${config.databasePath}`);
