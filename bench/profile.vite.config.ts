// The renderer unminified, for `npm run bench:ui-profile` (readable function names in CPU profiles).
import config from '../electron.vite.config';

const renderer = config.renderer as { build: Record<string, unknown> };
export default { ...config, renderer: { ...renderer, build: { ...renderer.build, minify: false } } };
