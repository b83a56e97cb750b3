// Find a library module's code the way the Web IDE does, with a local folder and a cache in front: each
// local modules folder (NAME.js, then NAME.min.js), the cache of the library in use (NAME.min.js, NAME.js),
// then, unless offline, the online library (library.ts), whose answer is cached. Not found anywhere: one
// line naming every place.
//
// A cache file from before the cache recorded each file's library (cache.ts) may have come from any library.
// Online it is passed over and the module fetched again, so it cannot stand in for another library's. Without
// the library (ESPKIT_OFFLINE, or no answer) it is the only copy there is, and the build ran on it before: it
// is used, with a warning that names it, rather than failing a build that used to work.
import { join } from 'node:path';
import { EspkitError } from '../../../core/errors.ts';
import { cachedFromOtherLibrary, libraryCacheDir, readFromLibraryCache, readRegularFile, storeInCache } from './cache.ts';
import { download, LIBRARY_FILES } from './library.ts';

export interface ModulePlaces {
  /** Local modules folders, in the order they are searched (--modules, then modules/ beside firmware/). */
  localDirs: string[];
  cacheDir: string;
  baseUrl: string;
  offline: boolean;
}

export type ModuleOrigin = 'local' | 'cache' | 'online';

export interface ModuleSource {
  name: string;
  code: string;
  from: ModuleOrigin;
  /** The file it was read from (local or cache) or the URL it was downloaded from. */
  where: string;
  /** Already minified (a .min.js): bundled as it is. */
  minified: boolean;
  /** NAME.d.ts from a local modules folder, when there is one. */
  typings?: string;
  /** Downloaded, but the cache could not keep it. */
  notCached?: boolean;
  /** Why its code may not be the library's in use: a cache file of unknown library, used without the library. */
  unknownOrigin?: string;
}

/** A local file's name, or the library's, that counts as the already-minified form. */
const isMinified = (file: string): boolean => file.endsWith('.min.js');

export async function locateModule(name: string, places: ModulePlaces): Promise<ModuleSource> {
  const typings = places.localDirs.map((d) => join(d, `${name}.d.ts`)).find((f) => readRegularFile(f) !== undefined);
  const looked: string[] = [];
  const found = (code: string, from: ModuleOrigin, where: string, extra: Partial<ModuleSource> = {}): ModuleSource => ({
    name, code, from, where, minified: isMinified(where), ...(typings ? { typings } : {}), ...extra,
  });

  for (const dir of places.localDirs) {
    for (const file of [`${name}.js`, `${name}.min.js`]) {
      const path = join(dir, file);
      const code = readRegularFile(path);
      if (code !== undefined) return found(code, 'local', path);
      looked.push(path);
    }
  }
  for (const file of LIBRARY_FILES(name)) {
    const hit = readFromLibraryCache(places.cacheDir, places.baseUrl, file);
    if (hit) return found(hit.code, 'cache', hit.path);
    looked.push(join(libraryCacheDir(places.cacheDir, places.baseUrl), file));
  }
  const unrecorded = (without: string): ModuleSource | undefined => {
    for (const file of LIBRARY_FILES(name)) {
      const path = join(places.cacheDir, file);
      const code = readRegularFile(path);
      if (code !== undefined) return found(code, 'cache', path, { unknownOrigin: `cached without a record of its library and used ${without}` });
      looked.push(path);
    }
    return undefined;
  };
  if (places.offline) {
    const old = unrecorded('offline');
    if (old) return old;
    throw new EspkitError(`module "${name}" not found: looked in ${looked.join(', ')}; not looked up online (ESPKIT_OFFLINE is set)${otherLibrary(name, places)}: put ${name}.js in modules/ or build once online`);
  }
  for (const file of LIBRARY_FILES(name)) {
    const url = `${places.baseUrl}${file}`;
    const got = await download(url);
    if (got.ok) {
      const cached = storeInCache(places.cacheDir, places.baseUrl, file, got.text);
      return found(got.text, 'online', url, cached ? {} : { notCached: true });
    }
    looked.push(`${url} (${got.why})`);
    if (!got.missing) {
      const old = unrecorded(`as ${places.baseUrl} cannot be reached`);
      if (old) return old;
      throw new EspkitError(`module "${name}" not found: looked in ${looked.join(', ')}; the module library cannot be reached (offline?)${otherLibrary(name, places)}: put ${name}.js in modules/ or set ESPKIT_MODULES_URL`);
    }
  }
  throw new EspkitError(`module "${name}" not found: looked in ${looked.join(', ')}: check the name, or put ${name}.js in modules/`);
}

/** The note for a module that only another library's cache has: switching back to that URL would find it. */
function otherLibrary(name: string, places: ModulePlaces): string {
  const other = cachedFromOtherLibrary(places.cacheDir, places.baseUrl, LIBRARY_FILES(name));
  return other ? `; ${other.path} is cached from ${other.url}, not from ${places.baseUrl}, so it is not used` : '';
}
