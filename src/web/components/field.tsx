import type { ReactNode } from 'react';

/** A labelled form cell of the two-column grid, with its error in red under the control. */
export function Field(props: {
  id: string;
  label: string;
  error?: string | null | undefined;
  hint?: string;
  wide?: boolean;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field${props.wide ? ' field-wide' : ''}${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>
        {props.label}
        {props.required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      {props.children}
      {props.error ? (
        <div className="field-error" id={`${props.id}-error`} data-testid={`error-${props.id}`} role="alert">
          {props.error}
        </div>
      ) : props.hint ? (
        <div className="field-hint">{props.hint}</div>
      ) : null}
    </div>
  );
}

export function Banner(props: { kind: 'error' | 'warning' | 'info'; children: ReactNode; testId?: string }) {
  return (
    <div className={`banner banner-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'} data-testid={props.testId}>
      {props.children}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
