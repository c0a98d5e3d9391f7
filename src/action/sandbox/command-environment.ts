/**
 * The environment a configured command (tests, lint, build) runs with: enough to build and test,
 * none of the runner's credentials. Tokens, API keys and Action inputs stay out, so neither a
 * test nor a model-written script can read or leak them.
 */
const ALLOWED =
  /^(PATH|HOME|LANG|LC_[A-Z]+|TERM|TZ|TMPDIR|TEMP|TMP|CI|SHELL|USER|RUNNER_OS|RUNNER_ARCH|RUNNER_TEMP|NODE_OPTIONS|NODE_ENV|JAVA_HOME|GOPATH|GOROOT|CARGO_HOME|RUSTUP_HOME|PYTHONPATH|VIRTUAL_ENV)$/;

export function commandEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (ALLOWED.test(name) && value !== undefined) clean[name] = value;
  }
  return { ...clean, CI: "true", FANOUT_EXECUTOR: "1" };
}

/** Replaces every known secret value in text that may reach the model, a log or a comment. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length >= 6) masked = masked.split(secret).join("***");
  }
  return masked;
}

/** Keeps the start and the end of long output: errors usually sit at the end, context at the start. */
export function truncateOutput(text: string, maxChars: number, alreadyCut = 0): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.3);
  const tail = maxChars - head;
  const cut = text.length - maxChars + alreadyCut;
  return `${text.slice(0, head)}\n[… ${cut} characters cut …]\n${text.slice(-tail)}`;
}
