export { loadRegistry, loadForvaltninger, RegistryError, REGISTRY_FILE, FORVALTNINGER_FILE } from './load.js';
export { KontaktcenterRegistry } from './registry.js';
export type { Kontaktcenter, Forvaltning, ExcludedEntry, CitizenAttribute } from './schema.js';
