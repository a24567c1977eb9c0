import { useMemo } from 'react';
import {
  Button,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';
import { zoneChoices } from './time-zones.ts';

interface TimeZonePickerProps {
  name: string;
  label: string;
  description: string;
  listLabel: string;
  zones: readonly string[];
  value: string;
  onChange: (zone: string) => void;
}

/**
 * A searchable list of every IANA time zone the server accepts. Typing filters by city or
 * region; only a zone from the list can be chosen.
 */
export function TimeZonePicker({ zones, value, onChange, ...text }: TimeZonePickerProps) {
  const choices = useMemo(() => zoneChoices(zones, new Date()), [zones]);

  return (
    <ComboBox
      name={text.name}
      className="field"
      defaultItems={choices}
      selectedKey={value}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
    >
      <Label className="field-label">{text.label}</Label>
      <div className="combo">
        <Input className="input" />
        <Button className="combo-button" aria-label={text.listLabel}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <Text slot="description" className="field-description">
        {text.description}
      </Text>
      <FieldError className="field-error" />
      <Popover className="popover combo-popover">
        <ListBox className="listbox" aria-label={text.listLabel}>
          {(choice: (typeof choices)[number]) => (
            <ListBoxItem id={choice.id} textValue={choice.name} className="listbox-item">
              <span>{choice.name}</span>
              <span className="listbox-item-detail">{choice.offset}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
