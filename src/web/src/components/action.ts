import { useMutation, useMutationState, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { useToast } from './toasts.tsx';

export interface ActionOptions<V, R> {
  /** The one call to the service. */
  run(variables: V): Promise<R>;
  /** Query keys (from queries/keys.ts) read again after a success. */
  invalidates?: QueryKey[] | ((result: R, variables: V) => QueryKey[]);
  /** After a success, before the keys are read again: put the answer in the cache, move focus… */
  onDone?(result: R, variables: V): void;
  /** After a failure, besides showing it: read a state again, clear a status line… */
  onFailed?(error: unknown, variables: V): void;
  /** The success toast, in words; none when it returns undefined. */
  doneText?(result: R, variables: V): string | undefined;
  /**
   * The failure in words (errorText by default). Undefined means the caller handled it and
   * nothing is shown (Sync now's "wait a minute", which has its own sentence).
   */
  failureText?(error: unknown, variables: V): string | undefined;
  /**
   * Where the failure goes: a danger toast (default), or `inline` as `action.failure` for the
   * page to show beside what failed, when it explains a refusal (campaigns, Sync now).
   */
  inline?: boolean;
  /**
   * Actions sharing a queue run one after another (TanStack Query's mutation scope) and stay
   * clickable meanwhile: switches, whose last answer then reflects every change. Without a queue
   * a second click while the first is on its way is ignored.
   */
  queue?: string;
}

/**
 * The one pattern for a one-click action: a button or a switch that fires one mutation. Busy
 * state, the failure (in errorText's words, as a toast or inline), the success toast and the
 * query keys to read again are said here once, on TanStack Query's useMutation.
 *
 * Not a react-hook-form form: there are no fields to hold, validate, focus or reset; the click is
 * the whole input, so a form would add state with nothing in it. Forms with fields use
 * useZodForm, Field and SubmitButton (form.tsx).
 */
export function useAction<V = void, R = unknown>(options: ActionOptions<V, R>) {
  const i18n = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const mutation = useMutation<R, unknown, V>({
    mutationFn: (variables) => options.run(variables),
    ...(options.queue ? { mutationKey: ['action', options.queue], scope: { id: options.queue } } : {}),
    onMutate: () => setFailure(undefined),
    onSuccess: async (result, variables) => {
      options.onDone?.(result, variables);
      const text = options.doneText?.(result, variables);
      if (text) toast('success', text);
      const keys = typeof options.invalidates === 'function' ? options.invalidates(result, variables) : (options.invalidates ?? []);
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
    onError: (error, variables) => {
      options.onFailed?.(error, variables);
      const text = options.failureText ? options.failureText(error, variables) : errorText(i18n, error);
      if (text === undefined) return;
      if (options.inline) setFailure(text);
      else toast('danger', text);
    },
  });
  // What the queue's actions still on their way were started with, oldest first: the switches
  // show the value asked for until the service's answer comes.
  const queued = useMutationState({
    filters: { predicate: (m) => options.queue !== undefined && m.options.scope?.id === options.queue && m.state.status === 'pending' },
    select: (m) => m.state.variables as V,
  });
  const busy = mutation.isPending;
  return {
    /** Starts the action (ignored while one is on its way, unless the action has a queue). */
    run: (variables: V) => {
      if (busy && !options.queue) return;
      mutation.mutate(variables);
    },
    busy,
    /** What the action running now (or last) was started with: which row says "Working…". */
    variables: mutation.variables,
    /** With a queue: the variables of the actions not answered yet, oldest first. */
    queued,
    /** The last one succeeded (a Reconnect stays busy while the browser leaves for Meta). */
    done: mutation.isSuccess,
    /** The last one failed (its failure was shown). */
    failed: mutation.isError,
    /** The inline failure, in words, until the next run or `dismiss`. */
    failure,
    dismiss: () => setFailure(undefined),
  };
}
