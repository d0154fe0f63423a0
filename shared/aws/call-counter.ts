/**
 * Counts the DynamoDB calls a client makes, with an SDK middleware: the benchmarks' "calls per
 * request" table, the test that holds each route to its route-table `dynamoCalls`, and the sweep
 * benchmark's consumed capacity. Used only by tests and benchmarks; nothing in the app adds it.
 *
 * The middleware sits at the initialize step, so an SDK retry of one call counts once: it counts
 * what the code asks for. With `capacity`, it asks DynamoDB for the consumed capacity of every call
 * (ReturnConsumedCapacity TOTAL) and adds it up.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CallCount {
  /** Calls made since the counter started (or was reset). */
  calls: number;
  /** Their command names, in order (GetCommand, QueryCommand, TransactWriteItemsCommand...). */
  commands: string[];
  /** Capacity units consumed (read + write), when asked for. */
  capacityUnits: number;
  /**
   * Sequential rounds: how many times a call started while no other was in flight. Calls made
   * together (Promise.all) are one round; a call that needs another's answer is a round of its own.
   */
  rounds: number;
  reset(): void;
  /** Takes the middleware off the client. */
  stop(): void;
}

interface Consumed {
  CapacityUnits?: number;
}

let next = 0;

/** `client`: the document client (it shares its middleware stack with the client it wraps). */
export function countDynamoCalls(client: Pick<DynamoDBDocumentClient, 'middlewareStack'>, options: { capacity?: boolean } = {}): CallCount {
  const name = `scrutinyCallCounter${next++}`;
  let inFlight = 0;
  const count: CallCount = {
    calls: 0,
    commands: [],
    capacityUnits: 0,
    rounds: 0,
    reset() {
      count.calls = 0;
      count.rounds = 0;
      count.commands = [];
      count.capacityUnits = 0;
    },
    stop() {
      client.middlewareStack.remove(name);
    },
  };
  client.middlewareStack.add(
    // Typed loosely: the one middleware serves every command of the client.
    (nextHandler: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
      count.calls += 1;
      count.commands.push(context.commandName ?? 'unknown');
      if (inFlight++ === 0) count.rounds += 1;
      if (options.capacity) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await nextHandler(args).finally(() => inFlight--);
      const consumed = (result?.output as { ConsumedCapacity?: Consumed | Consumed[] } | undefined)?.ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) count.capacityUnits += c.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name },
  );
  return count;
}
