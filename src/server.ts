/**
 * `npm start`: serves the API and the page with the bundled scenarios and an embedded SQLite file.
 * Configuration from environment variables (see src/api/config.ts and the README).
 */
import { buildApp } from './api/app.ts';
import { configFromEnv } from './api/config.ts';

const config = configFromEnv();
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
