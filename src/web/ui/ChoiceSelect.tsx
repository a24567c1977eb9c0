import type { Key } from 'react';
import {
  Button,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components';

/** One choice of a `ChoiceSelect`. */
export interface Choice {
  id: string;
  label: string;
}

interface ChoiceSelectProps {
  name?: string;
  label: string;
  choices: readonly Choice[];
  value: string;
  onChange: (id: string) => void;
  className?: string;
}

/**
 * A labelled drop-down of a few fixed choices (a role, a filter). An error the enclosing
 * form's `validationErrors` gives under `name` shows under it.
 */
export function ChoiceSelect({
  name,
  label,
  choices,
  value,
  onChange,
  className,
}: ChoiceSelectProps) {
  return (
    <Select
      name={name}
      className={['field', className].filter(Boolean).join(' ')}
      selectedKey={value}
      onSelectionChange={(key: Key | null) => {
        if (key !== null) onChange(String(key));
      }}
    >
      <Label className="field-label">{label}</Label>
      <Button className="select-button">
        <SelectValue className="select-value" />
        <span aria-hidden="true" className="select-chevron">
          ▾
        </span>
      </Button>
      <FieldError className="field-error" />
      <Popover className="popover select-popover">
        <ListBox className="listbox" items={choices}>
          {(choice) => (
            <ListBoxItem id={choice.id} textValue={choice.label} className="listbox-item">
              {choice.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
