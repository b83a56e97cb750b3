// Types of build.js (plain JavaScript so that npm install can run it before anything is compiled).
/** Builds the CLI now; resolves to the entry file's path. */
export declare function buildCli(): Promise<string>;
/** The compiled CLI's entry, rebuilt first when a source changed since it was built. */
export declare function ensureCli(): Promise<string>;
