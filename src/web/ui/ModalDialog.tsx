import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface ModalDialogProps {
  title: string;
  isOpen: boolean;
  onClose: () => void;
  /** `alertdialog` for a confirmation, which a screen reader announces at once. */
  role?: 'dialog' | 'alertdialog';
  size?: 'small' | 'large';
  children: ReactNode;
}

/**
 * A dialog over the screen: Escape closes it (a small one also a click outside), and focus
 * goes back to what opened it.
 */
export function ModalDialog({
  title,
  isOpen,
  onClose,
  role = 'dialog',
  size = 'small',
  children,
}: ModalDialogProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      // A click beside a form would throw away what was typed; only Escape closes those.
      isDismissable={size === 'small'}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Modal className={`modal modal-${size}`}>
        <Dialog className="dialog" role={role}>
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
