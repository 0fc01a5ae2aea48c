/**
 * The open state of a top-bar menu (the fleet menu, the team menu): the menu's id for
 * `aria-controls`, and a ref for the element holding the button and the menu. While the menu is
 * open, Escape or a pointer press outside that element closes it.
 */
import { useEffect, useId, useRef, useState, type RefObject } from 'react';

export interface MenuPopover {
  open: boolean;
  setOpen(open: boolean): void;
  menuId: string;
  wrapper: RefObject<HTMLDivElement | null>;
}

export function useMenuPopover(): MenuPopover {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !wrapper.current?.contains(event.target as globalThis.Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open]);

  return { open, setOpen, menuId, wrapper };
}
