// Run by transaction-files.test.ts inside a private mount namespace (`unshare -m`), where the test
// has mounted a read-only bind or a tiny tmpfs: runs a transaction of file steps with the real
// file stager and prints its result as JSON. Argument: a JSON job
// {files: [{path, content, previous}], failAfter?: boolean}.

import { Step, runTransaction } from '../../src/apply/transaction';
import { fileStep } from '../../src/apply/steps/file-step';
import { nodeFileStager } from '../../src/system/file-store';
import { processRunner } from '../../src/system/runner';

interface Job {
  readonly files: readonly { path: string; content: string; previous: string | null }[];
  readonly failAfter?: boolean;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  const runner = processRunner();
  const steps: Step[] = job.files.map((f) => fileStep({ path: f.path, bytes: Buffer.from(f.content), previous: f.previous === null ? null : Buffer.from(f.previous) }));
  if (job.failAfter) {
    steps.push({
      id: 'boom',
      title: 'a later step that fails',
      apply: async () => {
        throw new Error('boom');
      },
    });
  }
  const r = await runTransaction({ steps }, { runner, files: nodeFileStager({ runner }) });
  process.stdout.write(`${JSON.stringify({ outcome: r.outcome, failedStep: r.failedStep ?? null, error: r.error?.message ?? null, code: (r.error as { code?: string } | undefined)?.code ?? null, undone: r.undone })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 99;
});
