import Link from "next/link";
import { adminLink } from "./ui";

/** Keyset pages go forward only; "first page" starts over. */
export function Pager({ next, first }: { next: string | null; first: string | null }) {
  if (!next && !first) return null;
  return (
    <nav aria-label="Pages" className="mt-3 flex gap-4 text-sm">
      {first ? (
        <Link href={first} className={adminLink}>
          First page
        </Link>
      ) : null}
      {next ? (
        <Link href={next} className={adminLink}>
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
