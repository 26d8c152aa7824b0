import { zodResolver } from '@hookform/resolvers/zod';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useForm, type DefaultValues, type UseFormRegisterReturn } from 'react-hook-form';
import type { z } from 'zod';
import './form.css';

/**
 * The one form pattern of the UI: react-hook-form with a zod schema (its messages in the
 * member's language), focus on the first field in error, `formState.isSubmitting` as the busy
 * state, and a refusal from the service put on its field with `setError` (or on `root`).
 */
export function useZodForm<S extends z.ZodObject>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  return useForm<z.input<S>, unknown, z.output<S>>({ resolver: zodResolver(schema), defaultValues, shouldFocusError: true });
}

/**
 * A labelled input with its help and its error, wired for screen readers: the error is
 * `${id}-error`, the help `${id}-help`, both named by aria-describedby, aria-invalid while in error.
 */
export function Field({
  id,
  label,
  help,
  error,
  announce = false,
  registration,
  ...input
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  error?: string | undefined;
  /** role="alert" on the error, for an error that arrives after a round trip. */
  announce?: boolean;
  registration: UseFormRegisterReturn;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>) {
  const describedBy = [help ? `${id}-help` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...registration} {...input} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {help && (
        <p className="field-help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role={announce ? 'alert' : undefined}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The submit button: off while the form is being sent, saying so. `keepFocus` turns it off with
 * aria-disabled instead, so a keyboard user who pressed it does not lose their place.
 */
export function SubmitButton({ busy, label, busyLabel, className = 'btn btn-primary', keepFocus = false }: { busy: boolean; label: string; busyLabel: string; className?: string; keepFocus?: boolean }) {
  return (
    <button type="submit" className={className} {...(keepFocus ? { 'aria-disabled': busy } : { disabled: busy })}>
      {busy ? busyLabel : label}
    </button>
  );
}

