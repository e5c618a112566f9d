// Starts Swagger UI (web/apidocs/, installed by scripts/setup.sh) on the API v1 reference page, drawing the OpenAPI
// document the page names. Its validator badge stays off: it would send the document to validator.swagger.io.
window.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('reference');
  window.SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    validatorUrl: null,
    deepLinking: true,
    defaultModelsExpandDepth: 0,
  });
});
