/** Nunjucks' slim build: the runtime without the compiler (templates are compiled ahead of time). */
declare module 'nunjucks/browser/nunjucks-slim.js' {
  import nunjucks from 'nunjucks';
  export default nunjucks;
}
