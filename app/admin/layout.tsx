// The admin dashboard is English only: whatever language the hosted pages chose for this browser
// (<html lang dir> in the root layout), the dashboard's content is marked English, left to right.
export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return (
    <div lang="en" dir="ltr">
      {children}
    </div>
  );
}
