// Types of manifest.js (plain JavaScript so that it runs before anything is compiled).
export declare const ROOT: string;
export declare const CLI_DIR: string;
export declare const MANIFEST: string;
export interface CliManifest {
  /** The build's folder under dist/cli/. */
  build: string;
  /** The entry file inside it. */
  entry: string;
  /** Every file the build read, relative to the root, with its mtimeMs and size before the build. */
  inputs: Record<string, [number, number]>;
}
export declare function readManifest(): CliManifest | undefined;
export declare function freshEntry(manifest?: CliManifest | undefined): string | undefined;
