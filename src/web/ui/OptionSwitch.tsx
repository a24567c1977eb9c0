import { Switch } from 'react-aria-components';

interface OptionSwitchProps {
  id: string;
  label: string;
  hint: string;
  isSelected: boolean;
  onChange: (isSelected: boolean) => void;
  /** The server's reason for refusing this option, shown under it. */
  error?: string;
}

/** An on/off option, with what it means under it and, if any, why the server refused it. */
export function OptionSwitch({ id, label, hint, isSelected, onChange, error }: OptionSwitchProps) {
  const described = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="switch-field">
      <Switch
        className="switch"
        isSelected={isSelected}
        onChange={onChange}
        aria-describedby={described}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        {label}
      </Switch>
      <p id={`${id}-hint`} className="field-description">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error switch-error">
          {error}
        </p>
      )}
    </div>
  );
}
