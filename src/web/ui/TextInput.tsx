import type { ReactNode } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';

interface TextInputProps {
  name: string;
  label: string;
  description?: ReactNode;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email';
  maxLength?: number;
  defaultValue?: string;
  autoFocus?: boolean;
  isReadOnly?: boolean;
  className?: string;
}

/**
 * A labelled text field whose error (given by the enclosing form's `validationErrors`, from
 * the server) shows right under it and is announced with the field.
 */
export function TextInput({ label, description, className, ...field }: TextInputProps) {
  return (
    <TextField {...field} className={['field', className].filter(Boolean).join(' ')}>
      <Label className="field-label">{label}</Label>
      <Input className="input" />
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error" />
    </TextField>
  );
}
