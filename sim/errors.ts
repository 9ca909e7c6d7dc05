/** InputError is defined beside the policies (which validate their own input) and shared by every layer. */
export { InputError } from '../policies/input-error';
