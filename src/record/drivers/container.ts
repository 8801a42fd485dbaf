/**
 * `container`: starts the image with testcontainers, waits for its `ready`
 * log line, runs exec steps inside it (`container.exec`), copies the capture
 * file out (`copyArchiveFromContainer`), then stops and removes it. Every
 * container carries the label `leakspec.recording=<id>`, and cleanup removes
 * whatever has that label, so a container is removed even when the
 * recording is interrupted while it starts. Its output goes to the log.
 */
import { untilAborted } from '../abort.js';
import { RecordFailure, messageOf } from '../record-error.js';
import { extractSingleFile } from '../tar-extract.js';
import type { ContainerConfig, Driver, DriverContext, DriverSession } from '../types.js';
import { prefixedWriter } from '../log-buffer.js';

/** The label every recording container carries (value: the recording id). */
export const CONTAINER_LABEL = 'leakspec.recording';

type TC = typeof import('testcontainers');
type Started = Awaited<ReturnType<InstanceType<TC['GenericContainer']>['start']>>;

/** testcontainers, loaded on first use; its Ryuk reaper is turned off (it would need an image pull). */
async function loadTestcontainers(): Promise<TC> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  return import('testcontainers');
}

function engineHint(e: unknown): string {
  const m = messageOf(e);
  return /container runtime strategy|ENOENT|ECONNREFUSED|docker\.sock/i.test(m) ? `no container engine answers (${m.split('\n')[0]})` : m;
}

class ContainerSession implements DriverSession {
  private tc: TC | null = null;
  private container: Started | null = null;
  private starting: Promise<Started> | null = null;

  constructor(
    private readonly config: ContainerConfig,
    private readonly ctx: DriverContext,
  ) {}

  async start(): Promise<void> {
    const c = this.config;
    this.tc = await loadTestcontainers();
    const { GenericContainer, Wait } = this.tc;
    const out = prefixedWriter(this.ctx.log, '[container] ');
    let g = new GenericContainer(c.image)
      .withLabels({ [CONTAINER_LABEL]: this.ctx.id })
      .withEnvironment(c.env)
      .withLogConsumer((stream) => {
        stream.on('data', out);
        stream.on('error', () => undefined);
      });
    if (c.privileged) g = g.withPrivilegedMode();
    if (c.ready) g = g.withWaitStrategy(Wait.forLogMessage(c.ready.log)).withStartupTimeout(c.ready.timeoutMs);
    this.ctx.log.write(`[leakspec] starting ${c.image}${c.privileged ? ' (privileged)' : ''}\n`);
    this.starting = g.start();
    this.starting.catch(() => undefined);
    try {
      this.container = await untilAborted(this.starting, this.ctx.signal);
    } catch (e) {
      if (this.ctx.signal.aborted) throw e;
      const m = messageOf(e);
      if (c.ready && /log message/i.test(m)) {
        throw new RecordFailure(`container ${c.image} did not log '${c.ready.log}' within ${c.ready.timeoutMs / 1000} s`, { cause: e });
      }
      throw new RecordFailure(`container ${c.image} did not start: ${engineHint(e)}`, { cause: e });
    }
  }

  async exec(argv: string[]): Promise<void> {
    const r = await this.container!.exec(argv);
    this.ctx.log.write(`[exec ${argv[0]}] exit ${r.exitCode}\n`);
    if (r.output) prefixedWriter(this.ctx.log, `[exec ${argv[0]}] `)(`${r.output}\n`);
    if (r.exitCode !== 0) {
      const err = (r.stderr || r.output).trim().split('\n').slice(-6).join('\n');
      throw new RecordFailure(`'${argv[0]}' exited with ${r.exitCode} in the container${err ? `: ${err}` : ''}`);
    }
  }

  async collect(dest: string): Promise<void> {
    const path = this.config.capture;
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.container!.copyArchiveFromContainer(path);
    } catch (e) {
      const m = messageOf(e);
      throw new RecordFailure(/404|no such file/i.test(m) ? `the container has no capture file at ${path}` : `copying ${path} out of the container failed: ${m}`, {
        cause: e,
      });
    }
    await extractSingleFile(stream as AsyncIterable<Buffer>, dest, `copying ${path} out of the container`);
  }

  async cleanup(): Promise<void> {
    const started = this.container ?? (await this.settledStart());
    if (started) {
      await started.stop({ timeout: 2000 }).catch((e: unknown) => this.ctx.log.write(`[leakspec] cleanup: stop failed: ${messageOf(e)}\n`));
    }
    await this.removeLabelled();
    if (!this.container && this.starting) {
      // A start still under way: remove its container whenever it ends.
      this.starting.then(() => this.removeLabelled(), () => this.removeLabelled()).catch(() => undefined);
    }
  }

  /** The container of an interrupted start, if the start has finished meanwhile. */
  private async settledStart(): Promise<Started | null> {
    if (!this.starting) return null;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 100)));
    const r = await Promise.race([this.starting.catch(() => null), late]);
    clearTimeout(timer);
    return r;
  }

  /** Force-removes every container labelled with this recording's id. */
  private async removeLabelled(): Promise<void> {
    if (!this.tc) return;
    try {
      const client = await this.tc.getContainerRuntimeClient();
      const left = await client.container.dockerode.listContainers({ all: true, filters: JSON.stringify({ label: [`${CONTAINER_LABEL}=${this.ctx.id}`] }) });
      for (const info of left) {
        this.ctx.log.write(`[leakspec] cleanup: removing container ${info.Id.slice(0, 12)}\n`);
        await client.container.dockerode.getContainer(info.Id).remove({ force: true, v: true });
      }
    } catch (e) {
      this.ctx.log.write(`[leakspec] cleanup: listing or removing containers failed: ${messageOf(e)}\n`);
    }
  }
}

/** The `container` driver. */
export const containerDriver: Driver<ContainerConfig> = {
  name: 'container',
  session: (config, ctx) => new ContainerSession(config, ctx),
};
