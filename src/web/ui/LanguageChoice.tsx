import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGES, type Language } from '../../contract/locale.ts';

interface LanguageChoiceProps {
  label: string;
  value: Language;
  onChange: (language: Language) => void;
}

/** The app's languages side by side, each named in itself, submitted as `language`. */
export function LanguageChoice({ label, value, onChange }: LanguageChoiceProps) {
  const { t } = useTranslation();
  return (
    <RadioGroup
      name="language"
      className="field"
      orientation="horizontal"
      value={value}
      onChange={(choice) => {
        if (isLanguage(choice)) onChange(choice);
      }}
    >
      <Label className="field-label">{label}</Label>
      <div className="segmented">
        {LANGUAGES.map((option) => (
          <Radio key={option} value={option} className="segment" lang={option}>
            {t(`languages.${option}`)}
          </Radio>
        ))}
      </div>
    </RadioGroup>
  );
}
