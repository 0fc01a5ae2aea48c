/** Why a top-bar menu's choice failed, in plain words beside the menu (announced as an alert). */
export function MenuError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <span className="fleet-menu-error" role="alert">
      {message}
    </span>
  );
}
