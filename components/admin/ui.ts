// Tailwind class sets shared by the dashboard's pages (no data access here).
export const adminInput = "mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 text-sm text-slate-900 focus:border-brand-600";
export const adminButton = "rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60";
export const adminSecondaryButton = "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50";
export const adminDangerButton = "rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800";
export const adminLabel = "block text-sm font-medium text-slate-800";
export const adminTable = "min-w-full divide-y divide-slate-200 text-left text-sm";
export const adminTh = "px-3 py-2 font-semibold text-slate-700";
export const adminTd = "px-3 py-2 align-top text-slate-800";
export const adminLink = "text-brand-700 underline";
