/**
 * A real load balancer in front of relay instances: Debian's nginx, unprivileged-friendly (every
 * path in a temp prefix, 127.0.0.1 only), round-robin, with the settings SSE needs (README › Deploy).
 */
import { spawn } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../free-port.ts'

// The Debian package nginx, which scripts/ensure-system-deps.sh installs before the tests.
export const NGINX = '/usr/sbin/nginx'

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.once('connect', () => done(true)).once('error', () => done(false))
  })

function config(prefix: string, port: number, upstreams: string[]): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${join(prefix, kind)};`)
    .join('\n')
  return `worker_processes 1;
daemon off;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 512; }
http {
  access_log off;
${temp}
  upstream parley {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=30s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://parley;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 300s;
      # Which instance(s) nginx tried, so tests can see where each request landed.
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`
}

export interface Nginx {
  url: string
  /** nginx's error log, for failure messages. */
  errorLog: string
  close(): Promise<void>
}

/** Starts nginx balancing over `upstreams` (`host:port`); resolves once it accepts connections. */
export async function startNginx(
  upstreams: string[],
  { deadlineMs = 20_000 } = {},
): Promise<Nginx> {
  const prefix = await mkdtemp(join(tmpdir(), 'parley-nginx-'))
  // Workers run as nobody when nginx is started by root; they must reach the temp paths.
  await chmod(prefix, 0o755)
  const port = await freePort()
  await writeFile(join(prefix, 'nginx.conf'), config(prefix, port, upstreams))
  const errorLog = join(prefix, 'error.log')
  const child = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', errorLog], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const until = Date.now() + deadlineMs
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL')
      throw new Error(`nginx did not start: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    url: `http://127.0.0.1:${port}`,
    errorLog,
    async close() {
      // SIGQUIT: graceful; SIGKILL if it lingers.
      child.kill('SIGQUIT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
      await rm(prefix, { recursive: true, force: true })
    },
  }
}
