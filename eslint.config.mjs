import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [...nextVitals, ...nextTs, { ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", ".tmp/**", "bench/results/**", "next-env.d.ts"] }];

export default config;
