// The keyboard shortcuts of the decision form, written on the page (not hidden behind "?").
export function ReviewShortcutsHelp() {
  const keys: [string, string][] = [
    ["a", "Approve & next (with the first canned approval reason when none is typed)"],
    ["1–9", "Fill in the canned reason with that number"],
    ["r", "Go to the reason field"],
    ["n", "Skip to the next user in the queue"],
  ];
  return (
    <section aria-labelledby="shortcuts" className="mt-4 text-sm text-slate-700">
      <h3 id="shortcuts" className="font-semibold">
        Keyboard shortcuts
      </h3>
      <p>Outside a text field; reject and suspend always ask first.</p>
      <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
        {keys.map(([key, what]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono">{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
