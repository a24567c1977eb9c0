import { Button } from 'react-aria-components';

interface SubmitButtonProps {
  label: string;
  pendingLabel?: string;
  isPending: boolean;
  variant?: 'primary' | 'secondary' | 'danger';
}

/** The button that submits a form; it says so while the server is answering. */
export function SubmitButton({
  label,
  pendingLabel,
  isPending,
  variant = 'primary',
}: SubmitButtonProps) {
  return (
    <Button type="submit" isPending={isPending} className={`button button-${variant}`}>
      {isPending && pendingLabel ? pendingLabel : label}
    </Button>
  );
}
