/** The recording drivers, by the key that names them in a `record` block. */
import type { Driver, DriverConfig, DriverName } from '../types.js';
import { commandDriver } from './command.js';
import { containerDriver } from './container.js';
import { netnsDriver } from './netns.js';

/** Registry: one module per driver. */
export const DRIVERS: { readonly [K in DriverName]: Driver<Extract<DriverConfig, { kind: K }>> } = {
  container: containerDriver,
  netns: netnsDriver,
  command: commandDriver,
};

/** The driver for a typed config. */
export function driverFor(config: DriverConfig): Driver {
  return DRIVERS[config.kind] as unknown as Driver;
}
