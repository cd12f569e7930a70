export function PageShell({ children }: { children: React.ReactNode }) {
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-6 px-4 py-10 sm:py-16">
      <header className="flex items-center gap-2 text-lg font-semibold text-brand-700">
        <span aria-hidden="true" className="inline-block h-6 w-6 rounded-md bg-brand-600" />
        Trustgate
      </header>
      {children}
    </main>
  );
}
