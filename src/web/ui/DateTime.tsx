import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../contract/locale.ts';

/** A moment shown as `2026-12-03 17:28 (Asia/Tokyo)`: the account's zone, always named. */
export function DateTime({ iso, timeZone }: { iso: string; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <time dateTime={iso}>
      {t('common.dateTimeInZone', { dateTime: formatDateTime(iso, timeZone), timeZone })}
    </time>
  );
}
