import type { Metadata, Viewport } from "next";
import "./globals.css";

// Every page renders per request: it carries that request's CSP script nonce.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Trustgate", template: "%s · Trustgate" },
  description: "Self-hostable hosted login and onboarding portal",
  referrer: "same-origin",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
