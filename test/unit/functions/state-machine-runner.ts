/**
 * Runs a synthesised Step Functions definition locally, for the subset panelpack's monthly
 * job uses: Task states (a Lambda by ARN, or SNS publish), Parameters with `.$` JSONPaths and
 * States.Format, ResultPath, Catch on States.ALL, and Fail. Retries are not replayed: each
 * task runs once, so a failure goes straight to its Catch. This is what lets a test drive the
 * real handlers through the real definition, which no local AWS service here can do.
 */

export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: Record<string, StateDefinition>;
}

interface StateDefinition {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: unknown;
  readonly ResultPath?: string | null;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Error?: string;
  readonly Catch?: readonly { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
}

/** What a task's Resource runs: the payload in, the result out. */
export type TaskHandler = (payload: unknown) => Promise<unknown>;

export interface Execution {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  /** The states entered, in order. */
  readonly path: readonly string[];
  readonly output: unknown;
}

type Json = Record<string, unknown>;

function readPath(data: unknown, path: string): unknown {
  if (path === '$') return data;
  if (!path.startsWith('$.')) throw new Error(`unsupported JSONPath ${path}`);
  return path
    .slice(2)
    .split('.')
    .reduce<unknown>((value, field) => (value as Json | undefined)?.[field], data);
}

function writePath(data: unknown, path: string, value: unknown): unknown {
  if (path === '$') return value;
  const fields = path.slice(2).split('.');
  const copy = structuredClone(data) as Json;
  let target = copy;
  for (const field of fields.slice(0, -1)) {
    target[field] = { ...((target[field] as Json) ?? {}) };
    target = target[field] as Json;
  }
  target[fields.at(-1)!] = value;
  return copy;
}

/** `States.Format('text {} {}', $.a, 'literal')`. */
function intrinsic(expression: string, data: unknown): unknown {
  const match = /^States\.Format\((.*)\)$/s.exec(expression);
  if (!match) return readPath(data, expression);
  const args: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < match[1]!.length; i++) {
    const char = match[1]![i]!;
    if (char === '\\' && quoted) {
      current += match[1]![++i];
    } else if (char === "'") {
      quoted = !quoted;
      current += char;
    } else if (char === ',' && !quoted) {
      args.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  args.push(current.trim());
  const values = args.map((arg) =>
    arg.startsWith("'") ? arg.slice(1, -1) : String(readPath(data, arg)),
  );
  const [template, ...rest] = values;
  let index = 0;
  return template!.replace(/\{\}/g, () => rest[index++] ?? '');
}

function parameters(template: unknown, data: unknown): unknown {
  if (template === undefined) return data;
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new Error(`Parameters must be an object, got ${JSON.stringify(template)}`);
  }
  return Object.fromEntries(
    Object.entries(template as Json).map(([key, value]) =>
      key.endsWith('.$')
        ? [key.slice(0, -2), intrinsic(String(value), data)]
        : [key, typeof value === 'object' && value !== null ? parameters(value, data) : value],
    ),
  );
}

/** Executes `definition` on `input`, resolving each Task's Resource through `resources`. */
export async function runStateMachine(
  definition: StateMachineDefinition,
  input: unknown,
  resources: Readonly<Record<string, TaskHandler>>,
): Promise<Execution> {
  let name = definition.StartAt;
  let data = input;
  const path: string[] = [];
  for (let steps = 0; steps < 100; steps++) {
    const state = definition.States[name];
    if (!state) throw new Error(`no state ${name}`);
    path.push(name);
    if (state.Type === 'Fail') return { status: 'FAILED', error: state.Error, path, output: data };
    if (state.Type !== 'Task') throw new Error(`state type ${state.Type} is not supported`);
    const run = resources[state.Resource ?? ''];
    if (!run) throw new Error(`no handler for resource ${state.Resource}`);
    let result: unknown;
    try {
      result = await run(parameters(state.Parameters, data));
    } catch (error) {
      const handler = state.Catch?.find((c) => c.ErrorEquals.includes('States.ALL'));
      if (!handler) throw error;
      const failure = { Error: (error as Error).name, Cause: (error as Error).message };
      data = writePath(data, handler.ResultPath ?? '$', failure);
      name = handler.Next;
      continue;
    }
    if (state.ResultPath !== null) data = writePath(data, state.ResultPath ?? '$', result);
    if (state.End) return { status: 'SUCCEEDED', path, output: data };
    name = state.Next!;
  }
  throw new Error('the state machine did not finish in 100 steps');
}
