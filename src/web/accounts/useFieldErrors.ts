import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api.ts';

/**
 * The server's field messages of a failed submit, for a form's `validationErrors`. A field's
 * message goes away as soon as the field is edited, not when it loses focus: were it to go
 * when the person moves on to the submit button, the form would shrink under the pointer
 * and the click would miss the button. Give the form `formRef`; call `markEdited` for
 * fields that are not text inputs (a switch, a drop-down).
 */
export function useFieldErrors(error: unknown) {
  const formRef = useRef<HTMLFormElement>(null);
  const [edited, setEdited] = useState<{ error: unknown; fields: ReadonlySet<string> }>({
    error: null,
    fields: new Set(),
  });

  const markEdited = (field: string) =>
    setEdited((current) => {
      const fields = current.error === error ? current.fields : new Set<string>();
      return fields.has(field) ? current : { error, fields: new Set([...fields, field]) };
    });

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const handleInput = (event: Event) => {
      const target = event.target;
      const name =
        target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
          ? target.name
          : '';
      // After the event is through: a render while React has not yet seen the keystroke
      // would put the field's old value back.
      if (name) setTimeout(() => markEdited(name), 0);
    };
    form.addEventListener('input', handleInput);
    return () => form.removeEventListener('input', handleInput);
  });

  const editedFields = edited.error === error ? edited.fields : new Set<string>();
  const messages = error instanceof ApiError ? error.fieldMessages() : {};
  const errors = Object.fromEntries(
    Object.entries(messages).filter(([field]) => !editedFields.has(field)),
  );
  return { errors, markEdited, formRef };
}
