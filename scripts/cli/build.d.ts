// Types of build.js (plain JavaScript so that npm install can run it before anything is compiled).
/** Builds the CLI now; resolves to the entry file's path. */
export declare function buildCli(): Promise<string>;
/** The compiled CLI's entry, rebuilt first when a source changed since it was built. */
export declare function ensureCli(): Promise<string>;
/** Whether a build lock file was left by a process that is gone, or is older than any build takes. */
export declare function lockIsStale(lock?: string): boolean;
