export const primaryButton = "w-full rounded-lg bg-brand-600 px-5 py-3 text-base font-semibold text-on-accent hover:bg-brand-700 disabled:opacity-60";
export const secondaryButton = "w-full rounded-lg border border-slate-300 bg-white px-5 py-3 text-base font-semibold text-slate-800 hover:bg-slate-50";
export const inputClass = "mt-1 block w-full rounded-lg border border-slate-400 px-3 py-3 text-lg text-slate-900 read-only:bg-slate-100 focus:border-brand-600";
