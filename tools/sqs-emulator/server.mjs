// Starts the in-memory SQS emulator used by tests and local runs.
// Port and host come from SQS_EMULATOR_PORT / SQS_EMULATOR_HOST (default 127.0.0.1:4566).
import { createSqsServer } from "local-aws-sqs";

const port = Number(process.env.SQS_EMULATOR_PORT ?? 4566);
const hostname = process.env.SQS_EMULATOR_HOST ?? "127.0.0.1";

await createSqsServer({ port, hostname });
console.log(`sqs emulator listening on http://${hostname}:${port}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(0));
}
