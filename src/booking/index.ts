export { Bookings, BookingNotFoundError, SlotTakenError, newReference } from './bookings.js';
export type { Booking, CalendarOptions, Slot } from './bookings.js';
